//! A stateful fake of the KiwiVM API on loopback, with the real API's quirks, for the demo and the tests.

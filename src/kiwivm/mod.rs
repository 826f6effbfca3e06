//! The KiwiVM API client: the call table, lenient decoding, typed replies and errors. The only user of reqwest.

//! Layered configuration: defaults, a local or named file, then KIWIOPS__SECTION__KEY variables.

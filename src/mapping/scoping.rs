//! Scoping filters (TODO).

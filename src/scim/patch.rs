//! TODO(issue 3): patch

//! A transport wrapper that makes any run a dry run.

use crate::http::{Method, Request, Response, Transport, TransportError};

/// Sends reads (GET) through and refuses every write with
/// [`TransportError::DryRunBlocked`], exactly as the browser transport does
/// in dry-run mode — so a dry run exercises the same executor paths.
pub struct DryRun<'t, T>(pub &'t T);

impl<T: Transport> Transport for DryRun<'_, T> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        if request.method == Method::Get {
            self.0.send(request).await
        } else {
            Err(TransportError::DryRunBlocked)
        }
    }
}

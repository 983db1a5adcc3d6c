//! Bulk rows to a server with `COPY … FROM STDIN` (text format), with the server's reason
//! when it refuses some of them (a failed write only says the stream broke).

use std::io::Write as _;

use super::Result;
use super::pg::PgConn;

impl PgConn {
    /// Sends `data` (COPY text: tab-separated, `\N` for NULL, one row per line) with `sql`;
    /// the number of rows the server took.
    pub fn copy_in(&self, sql: &str, data: &[u8]) -> Result<u64> {
        let mut client = self.client();
        let mut w = client.copy_in(sql)?;
        let written = w.write_all(data);
        // The server's error, when there is one, comes with the end of the stream.
        let finished = w.finish();
        match (written, finished) {
            (_, Err(e)) => Err(e.into()),
            (Err(e), Ok(_)) => Err(e.into()),
            (Ok(()), Ok(n)) => Ok(n),
        }
    }
}

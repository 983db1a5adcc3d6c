//! Noticing other clients' changes to a server dataset (team mode, SPEC §14): a thread
//! listens for the server's notifications and the window reloads when one arrives.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

/// Listens for changes to one server dataset while it is open.
pub struct ServerWatch {
    /// The dataset's address (redacted).
    pub address: PathBuf,
    stop: Arc<AtomicBool>,
    changes: Receiver<()>,
}

impl ServerWatch {
    /// Starts listening for changes to `address` not made through the connection `own`.
    pub fn start(address: PathBuf, own: Option<i32>, ctx: egui::Context) -> ServerWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, changes) = channel();
        let (flag, at) = (stop.clone(), address.clone());
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let sent = crate::store::server::watch(&at, own, &flag, || {
                    let _ = tx.send(());
                    ctx.request_repaint();
                });
                if sent.is_err() {
                    // The server went away: try again shortly, without a busy loop.
                    std::thread::sleep(std::time::Duration::from_secs(5));
                }
            }
        });
        ServerWatch {
            address,
            stop,
            changes,
        }
    }

    /// True when someone else changed the dataset since the last call.
    pub fn changed(&self) -> bool {
        let mut any = false;
        while self.changes.try_recv().is_ok() {
            any = true;
        }
        any
    }
}

impl Drop for ServerWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

//! Replays a statement trace (written by a command run with `INDUSTRY_MONITOR_PG_TRACE`)
//! against a server, each run on a fresh connection as a command has, and prints how long
//! a run takes: what the server side of that command costs with nothing on the client but
//! the protocol (results in binary and read, not converted). Used by `scripts/pg-floor.sh`.
//!
//! ```text
//! cargo run --release --example pg_replay -- SERVER_URL TRACE.sql [RUNS] [--each]
//! ```
//!
//! `--each` also prints each statement's median time, slowest first.
//!
//! Each statement goes as the store sends a first run (parse, bind and execute in one
//! round trip); the login is the store's own (`store::server::connect`).

use std::time::Instant;

use industry_monitor::store::server;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(url), Some(trace)) = (args.first(), args.get(1)) else {
        eprintln!("usage: pg_replay SERVER_URL TRACE.sql [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(40);
    let each = args.iter().any(|a| a == "--each");
    let text = match std::fs::read_to_string(trace) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("pg_replay: cannot read {trace}: {e}");
            std::process::exit(1);
        }
    };
    // The trace ends each statement with `;` at the end of its last line.
    let mut statements = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        current.push_str(line);
        current.push('\n');
        if line.ends_with(';') {
            statements.push(current.trim().trim_end_matches(';').to_owned());
            current.clear();
        }
    }
    let mut login = Vec::new();
    let mut whole = Vec::new();
    let mut by_statement = vec![Vec::new(); statements.len()];
    for _ in 0..runs + 3 {
        let started = Instant::now();
        let mut client = match server::connect(url) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("pg_replay: {e}");
                std::process::exit(1);
            }
        };
        login.push(started.elapsed().as_secs_f64() * 1000.0);
        for (sql, times) in statements.iter().zip(&mut by_statement) {
            let sent = Instant::now();
            let rows = client.query_typed_raw(sql, std::iter::empty::<(&str, Type)>());
            let result = rows.and_then(|mut rows| {
                while rows.next()?.is_some() {}
                Ok(())
            });
            if let Err(e) = result {
                eprintln!("pg_replay: {e} in\n{sql}");
                std::process::exit(1);
            }
            times.push(sent.elapsed().as_secs_f64() * 1000.0);
        }
        drop(client);
        whole.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    // The first runs warm the server's files and the client's code, as a command's do.
    let median = |v: &mut Vec<f64>| {
        v.drain(..3);
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{:.1} ms a run, {:.1} ms of it the login ({} statements, median of {runs} runs)",
        median(&mut whole),
        median(&mut login),
        statements.len()
    );
    if each {
        let mut rows: Vec<(f64, &String)> = by_statement
            .iter_mut()
            .map(median)
            .zip(&statements)
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, sql) in rows {
            let short: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            println!(
                "{ms:7.2} ms  {}",
                short.chars().take(110).collect::<String>()
            );
        }
    }
}

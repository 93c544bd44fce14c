//! A ceiling for the server's cached GET: axum on the same runtime
//! answering every request with the bytes of a file, and nothing else (no
//! middleware, logging, metrics or cache). `scripts/bench-server` runs it
//! beside the server, so the gap between the two is what those cost.
//!
//! Usage: `bare_axum ADDRESS BODY_FILE`

use axum::http::header::CONTENT_TYPE;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(body_file)) = (args.next(), args.next()) else {
        eprintln!("usage: bare_axum ADDRESS BODY_FILE");
        std::process::exit(2);
    };
    let body = axum::body::Bytes::from(std::fs::read(&body_file).unwrap_or_else(|e| {
        eprintln!("bare_axum: cannot read {body_file}: {e}");
        std::process::exit(2);
    }));
    let app = axum::Router::new()
        .fallback(move || std::future::ready(([(CONTENT_TYPE, "application/json")], body.clone())));
    let listener = tokio::net::TcpListener::bind(&address).await.unwrap_or_else(|e| {
        eprintln!("bare_axum: cannot listen on {address}: {e}");
        std::process::exit(2);
    });
    axum::serve(listener, app).await.expect("serve");
}

//! The test suite's fake Discord as a stand-alone server, to run the real `kiwiops run` against it
//! without a token or the internet:
//!
//! ```sh
//! cargo run --example fake_discord_server          # prints: http://127.0.0.1:PORT fake-discord-token
//! DISCORD_TOKEN=fake-discord-token KIWIOPS__DISCORD__API_BASE=http://127.0.0.1:PORT \
//!   KIWIOPS_MASTER_KEY=$(openssl rand -hex 32) cargo run -- run
//! ```

#[path = "../tests/support/fake_discord.rs"]
#[allow(unused_imports)]
mod fake_discord;

#[tokio::main]
async fn main() {
    let fake = fake_discord::FakeDiscord::start().await;
    println!("{} {}", fake.api_base(), fake.token());
    let _ = tokio::signal::ctrl_c().await;
}

//! `atelier-engine`: command-line access to the engine (being written).

fn main() {
    eprintln!("usage: atelier-engine <import-renault DIR | check CATALOG | possible CATALOG --product ID --select A=X,...>");
    std::process::exit(2);
}

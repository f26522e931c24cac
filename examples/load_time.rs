//! How long the embedded model takes to decode and compile (`cargo run --release --example load_time`).
fn main() {
    let runs = 20;
    let started = std::time::Instant::now();
    for _ in 0..runs {
        let model = kashif::Model::embedded().expect("embedded model");
        std::hint::black_box(kashif::Recognizer::with_model(model));
    }
    println!("{:.2} ms per load", started.elapsed().as_secs_f64() * 1000.0 / runs as f64);
    let started = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(kashif::Model::embedded().expect("embedded model"));
    }
    println!("{:.2} ms per decode", started.elapsed().as_secs_f64() * 1000.0 / runs as f64);
}

//! Synthetic-data throughput: images per second of `synth::generate`
//! (ray casting, every domain's encoding and the file writes) at 128 and 512
//! pixels on 1 and 2 threads. Prints a table; run with
//! `cargo bench --bench synth`.

use std::time::Instant;
use taskgroup::synth::{generate, SynthConfig};

fn main() {
    println!(
        "{:>6} {:>8} {:>7} {:>9} {:>9}",
        "size", "threads", "images", "seconds", "images/s"
    );
    for (size, points, views) in [(128, 4, 3), (512, 2, 2)] {
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            let dir = tempfile::tempdir().expect("temporary folder");
            let config = SynthConfig::default()
                .with_buildings(1)
                .with_points(points)
                .with_views(views)
                .with_size(size)
                .with_seed(1);
            let start = Instant::now();
            let out = pool
                .install(|| generate(&config, dir.path()))
                .expect("generation");
            let seconds = start.elapsed().as_secs_f64();
            println!(
                "{size:>6} {threads:>8} {:>7} {seconds:>9.2} {:>9.2}",
                out.rendered,
                out.rendered as f64 / seconds
            );
        }
    }
}

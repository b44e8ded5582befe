//! The training options of one network as command-line options, shared by
//! `taskgroup study` (every network of a study) and `taskgroup affinity`
//! (its one network), and the one place that turns them into
//! [`TrainSettings`].

use taskgroup::device::DeviceChoice;
use taskgroup::train::{PlateauConfig, TrainSettings};

/// How each network is trained (the weighting is the commands' own).
#[derive(clap::Args)]
pub struct TrainOptions {
    /// Input side in pixels.
    #[arg(long, default_value_t = TrainSettings::default().size)]
    size: usize,
    /// Training batch size.
    #[arg(long, default_value_t = TrainSettings::default().batch_size)]
    batch_size: usize,
    /// Maximum epochs per network.
    #[arg(long, default_value_t = TrainSettings::default().max_epochs)]
    max_epochs: usize,
    /// Seed of weights, order and augmentation.
    #[arg(long, default_value_t = TrainSettings::default().seed)]
    seed: u64,
    /// auto, cpu, cuda or cuda:N.
    #[arg(long, default_value_t = TrainSettings::default().device)]
    device: DeviceChoice,
    /// Initial learning rate (SGD).
    #[arg(long, default_value_t = TrainSettings::default().lr)]
    lr: f64,
    /// SGD momentum.
    #[arg(long, default_value_t = TrainSettings::default().momentum)]
    momentum: f64,
    /// Weight decay.
    #[arg(long, default_value_t = TrainSettings::default().weight_decay)]
    weight_decay: f64,
    /// Training stops once the plateau schedule lowers the learning rate below this.
    #[arg(long, default_value_t = TrainSettings::default().lr_floor)]
    lr_floor: f64,
    /// Factor the plateau schedule multiplies the learning rate by.
    #[arg(long, default_value_t = TrainSettings::default().schedule.factor)]
    lr_factor: f64,
    /// Training images in the plateau schedule's first window.
    #[arg(long, default_value_t = TrainSettings::default().schedule.initial_window_images)]
    plateau_window: u64,
    /// Largest plateau window, in training images.
    #[arg(long, default_value_t = TrainSettings::default().schedule.max_window_images)]
    plateau_max_window: u64,
    /// Epochs the schedule waits after lowering the learning rate.
    #[arg(long, default_value_t = TrainSettings::default().schedule.hold_epochs)]
    plateau_hold: usize,
    /// Mixed precision (fp16 autocast) on CUDA.
    #[arg(long)]
    amp: bool,
}

impl TrainOptions {
    /// The settings (with the plain sum of the task losses).
    pub fn settings(&self) -> TrainSettings {
        let defaults = TrainSettings::default();
        TrainSettings {
            size: self.size,
            batch_size: self.batch_size,
            max_epochs: self.max_epochs,
            seed: self.seed,
            device: self.device,
            mixed_precision: self.amp,
            lr: self.lr,
            momentum: self.momentum,
            weight_decay: self.weight_decay,
            lr_floor: self.lr_floor,
            schedule: PlateauConfig {
                factor: self.lr_factor,
                initial_window_images: self.plateau_window,
                max_window_images: self.plateau_max_window,
                hold_epochs: self.plateau_hold,
                ..defaults.schedule
            },
            ..defaults
        }
    }
}

//! The generator's driver: plans buildings, rooms and cameras from the seed,
//! renders images in parallel (rayon, chunks of images), encodes the
//! requested domains and writes them in the release's naming, to folders
//! `root/{domain}/{building}/` or to tar shards `root/{building}_{domain}.tar`.
//! Completed images (folders) or shards (tars) are kept on a rerun.

use super::camera::Camera;
use super::config::{SynthBuilding, SynthConfig, SynthOutput};
use super::domain::Domain;
use super::error::SynthError;
use super::math::V3;
use super::names::{building_names, roles};
use super::pose::{camera_location, point_info, view_cameras};
use super::render::render;
use super::room::Room;
use super::scene::generate_room;
use super::write::{create_dir, TarShard};
use crate::io::{read_json, write_atomic, write_json, WithPath};
use rayon::prelude::*;
use std::path::Path;

/// The configuration file written into the output folder.
pub const CONFIG_FILE: &str = "synth_config.json";

/// One image to produce.
struct Job<'a> {
    building: usize,
    point: usize,
    view: usize,
    room: &'a Room,
    camera: Camera,
}

/// Generates the synthetic dataset of `config` in `out` (see the module docs).
pub fn generate(config: &SynthConfig, out: &Path) -> Result<SynthOutput, SynthError> {
    generate_with_progress(config, out, |_, _| {})
}

/// [`generate`], calling `progress(done, total)` (images) after every chunk
/// of images and once at the start (images already complete count as done).
pub fn generate_with_progress(
    config: &SynthConfig,
    out: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<SynthOutput, SynthError> {
    config.validate()?;
    create_dir(out)?;
    check_or_save_config(config, out)?;
    let names = building_names(config.seed, config.buildings);
    let per_building = config.images_per_building();
    let total = config.buildings * per_building;
    let chunk = rayon::current_num_threads().max(1) * 4;
    let (mut done, mut rendered) = (0, 0);
    for (b, name) in names.iter().enumerate() {
        let rooms: Vec<(Room, V3)> = (0..config.rooms.min(config.points))
            .map(|r| generate_room(config.seed, b, r))
            .collect();
        let jobs: Vec<Job> = (0..config.points)
            .flat_map(|p| {
                let (room, clear) = &rooms[p % rooms.len()];
                let location = camera_location(room, *clear, config.seed, b, p);
                view_cameras(room, location, config.views, config.fov, config.seed, b, p)
                    .into_iter()
                    .enumerate()
                    .map(move |(v, camera)| Job {
                        building: b,
                        point: p,
                        view: v,
                        room,
                        camera,
                    })
            })
            .collect();
        if config.tar {
            let missing: Vec<Domain> = config
                .domains
                .iter()
                .copied()
                .filter(|d| !out.join(TarShard::file_name(name, d.name())).exists())
                .collect();
            if missing.is_empty() {
                done += jobs.len();
                progress(done, total);
                continue;
            }
            let mut shards = missing
                .iter()
                .map(|d| TarShard::create(out, name, d.name()))
                .collect::<Result<Vec<_>, _>>()?;
            for batch in jobs.chunks(chunk) {
                let encoded = batch
                    .par_iter()
                    .map(|j| encode(config, name, j, &missing))
                    .collect::<Result<Vec<_>, _>>()?;
                for (job, files) in batch.iter().zip(encoded) {
                    for (shard, (domain, bytes)) in shards.iter_mut().zip(files) {
                        shard.append(&domain.file_name(job.point, job.view), &bytes)?;
                    }
                }
                (done, rendered) = (done + batch.len(), rendered + batch.len());
                progress(done, total);
            }
            for shard in shards {
                shard.finish()?;
            }
        } else {
            for d in &config.domains {
                create_dir(&out.join(d.name()).join(name))?;
            }
            let path = |d: &Domain, j: &Job| {
                out.join(d.name())
                    .join(name)
                    .join(d.file_name(j.point, j.view))
            };
            let todo: Vec<&Job> = jobs
                .iter()
                .filter(|j| !config.domains.iter().all(|d| path(d, j).exists()))
                .collect();
            done += jobs.len() - todo.len();
            progress(done, total);
            for batch in todo.chunks(chunk) {
                batch.par_iter().try_for_each(|j| {
                    for (domain, bytes) in encode(config, name, j, &config.domains)? {
                        write_atomic(&path(&domain, j), &bytes)?;
                    }
                    Ok::<(), SynthError>(())
                })?;
                (done, rendered) = (done + batch.len(), rendered + batch.len());
                progress(done, total);
            }
        }
    }
    let buildings = names
        .into_iter()
        .zip(roles(config.buildings, config.eval_buildings))
        .map(|(name, role)| SynthBuilding {
            name,
            role,
            images: per_building,
        })
        .collect();
    Ok(SynthOutput {
        root: out.to_path_buf(),
        size: config.size,
        tar: config.tar,
        domains: config.domains.clone(),
        buildings,
        rendered,
        skipped: total - rendered,
    })
}

/// Renders one image and encodes `domains` of it, in that order.
fn encode(
    config: &SynthConfig,
    name: &str,
    job: &Job,
    domains: &[Domain],
) -> Result<Vec<(Domain, Vec<u8>)>, SynthError> {
    let frame = domains
        .iter()
        .any(|d| *d != Domain::PointInfo)
        .then(|| render(job.room, &job.camera, config.size));
    domains
        .iter()
        .map(|&d| {
            let bytes = match &frame {
                Some(frame) if d != Domain::PointInfo => d.png(frame)?,
                _ => {
                    let info = point_info(
                        config.seed,
                        name,
                        job.building,
                        job.point,
                        job.view,
                        job.room,
                        &job.camera,
                        config.size,
                    );
                    serde_json::to_vec_pretty(&info).with_path(d.file_name(job.point, job.view))?
                }
            };
            Ok((d, bytes))
        })
        .collect()
}

/// Saves the configuration, or checks that the one already there is the same.
fn check_or_save_config(config: &SynthConfig, out: &Path) -> Result<(), SynthError> {
    let path = out.join(CONFIG_FILE);
    match read_json::<SynthConfig, SynthError>(&path)? {
        Some(found) if &found != config => Err(SynthError::ConfigMismatch { path }),
        Some(_) => Ok(()),
        None => write_json(&path, config),
    }
}

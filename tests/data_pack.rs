//! Packs of the synthetic dataset: batches read from a pack are the PNG
//! path's bit for bit (at the native side and resized), a damaged shard is a typed error naming the shard and the
//! sample, a pack of another manifest or side is refused, an interrupted
//! pack resumes to identical files, `skip_bad` counts per reason, and a
//! study trains the same losses from a pack as from the PNGs.

use std::path::{Path, PathBuf};
use taskgroup::data::pack::{pack, Pack, PackConfig, PackError, Verify, INDEX_FILE, PLAN_FILE};
use taskgroup::data::{DataError, Dataset, HostBatch, Loader, LoaderConfig, Reason, Split};
use taskgroup::synth::{generate_synthetic, SynthConfig};
use taskgroup::tasks::TaskSet;

const SIDE: usize = 32;

fn all_tasks() -> TaskSet {
    TaskSet::from_letters("sdnkterca").unwrap()
}

/// The synthetic dataset (3 buildings x 2 points x 2 views at 32x32); its manifest.
fn synthetic(dir: &Path) -> PathBuf {
    let config = SynthConfig::default()
        .with_buildings(3)
        .with_points(2)
        .with_views(2)
        .with_size(SIDE)
        .with_seed(5);
    generate_synthetic(&config, &dir.join("synthetic"), |_, _| {})
        .unwrap()
        .1
}

fn pack_config(size: usize) -> PackConfig {
    PackConfig {
        size,
        tasks: all_tasks(),
        shard_records: 5,
        ..PackConfig::default()
    }
}

fn loader_config(size: usize) -> LoaderConfig {
    LoaderConfig::default()
        .with_batch_size(3)
        .with_size(size)
        .with_seed(11)
}

fn epochs(dataset: &Dataset, split: Split, size: usize) -> Vec<HostBatch> {
    let loader = Loader::new(dataset, split, all_tasks(), loader_config(size)).unwrap();
    (0..2)
        .flat_map(|e| loader.host_epoch(e).collect::<Result<Vec<_>, _>>().unwrap())
        .collect()
}

/// Every file of a folder with its bytes, sorted by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The pack error inside a data error.
fn pack_error(e: DataError) -> Option<PackError> {
    match e {
        DataError::Pack(p) => Some(*p),
        _ => None,
    }
}

/// The names (`building/point_P_view_V`) of a shard's records.
fn record_names(pack_dir: &Path, shard: usize) -> Vec<String> {
    let index: taskgroup::data::pack::PackIndex =
        serde_json::from_str(&std::fs::read_to_string(pack_dir.join(INDEX_FILE)).unwrap()).unwrap();
    index.shards[shard]
        .records
        .iter()
        .map(|r| {
            format!(
                "{}/point_{}_view_{}",
                index.buildings[r[0] as usize], r[1], r[2]
            )
        })
        .collect()
}

#[test]
fn packed_batches_are_bit_identical_to_the_png_path() {
    let dir = tempfile::tempdir().unwrap();
    let pngs = Dataset::open(synthetic(dir.path())).unwrap();
    let out = dir.path().join("pack");
    let report = pack(&pngs, &out, &pack_config(SIDE), |_, _| {}).unwrap();
    assert_eq!((report.samples, report.shards, report.built), (12, 3, 3));
    assert!(report.skipped.is_empty());
    let packed = Dataset::open(&out).unwrap();
    assert!(packed.pack().is_some());
    assert_eq!(packed.manifest().name, pngs.manifest().name);
    for split in Split::IMAGES {
        let (a, b) = (epochs(&pngs, split, SIDE), epochs(&packed, split, SIDE));
        assert!(!a.is_empty(), "{split}");
        assert!(a == b, "{split}: the pack's batches differ from the PNGs'");
    }
    // The shards are plain safetensors: u8 RGB [R, 3, S, S], u16 depth.
    let bytes = std::fs::read(out.join("shard-00000.safetensors")).unwrap();
    let st = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let rgb = st.tensor("rgb").unwrap();
    assert_eq!(rgb.dtype(), safetensors::Dtype::U8);
    assert_eq!(rgb.shape(), [5, 3, SIDE, SIDE]);
    assert_eq!(
        st.tensor("depth_zbuffer").unwrap().dtype(),
        safetensors::Dtype::U16
    );
}

/// The loader at a side other than the native one resizes each stored
/// image in its integer type (bilinear rounded, nearest for classes and the
/// mask) and the pack stores exactly that, so the batches still agree bit
/// for bit.
#[test]
fn a_resized_pack_is_bit_identical_to_the_resizing_png_path() {
    let dir = tempfile::tempdir().unwrap();
    let pngs = Dataset::open(synthetic(dir.path())).unwrap();
    let out = dir.path().join("pack16");
    pack(&pngs, &out, &pack_config(16), |_, _| {}).unwrap();
    let packed = Dataset::open(&out).unwrap();
    for split in Split::IMAGES {
        let (a, b) = (epochs(&pngs, split, 16), epochs(&packed, split, 16));
        assert!(!a.is_empty(), "{split}");
        assert_eq!(a[0].size, 16);
        assert!(
            a == b,
            "{split}: the resized pack's batches differ from the PNGs'"
        );
    }
}

fn packed(dir: &Path) -> PathBuf {
    let pngs = Dataset::open(synthetic(dir)).unwrap();
    let out = dir.join("pack");
    pack(&pngs, &out, &pack_config(SIDE), |_, _| {}).unwrap();
    out
}

#[test]
fn a_truncated_shard_is_a_typed_error_naming_the_shard_and_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = packed(dir.path());
    let shard = out.join("shard-00001.safetensors");
    let len = std::fs::metadata(&shard).unwrap().len();
    let names = record_names(&out, 1);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&shard)
        .unwrap();
    // One byte short: only the last tensor's (segment_semantic) last row is
    // cut; half the file: whole tensors are gone, the first record with them.
    for (keep, cut) in [(len - 1, names.last().unwrap()), (len / 2, &names[0])] {
        file.set_len(keep).unwrap();
        for verify in [Verify::Open, Verify::Lazy] {
            match Pack::open_with(&out, verify).map_err(pack_error) {
                Err(Some(PackError::Truncated {
                    shard: s, sample, ..
                })) => {
                    assert_eq!(s, shard);
                    assert_eq!(&sample, cut, "kept {keep} of {len} bytes");
                }
                other => panic!("expected a truncation error, got {other:?}"),
            }
        }
    }
    let message = Dataset::open(&out).unwrap_err().to_string();
    assert!(message.contains("shard-00001.safetensors") && message.contains("truncated"));
}

#[test]
fn an_altered_byte_is_a_typed_error_naming_the_shard_and_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = packed(dir.path());
    let shard = out.join("shard-00000.safetensors");
    let mut bytes = std::fs::read(&shard).unwrap();
    // The last bytes are the last record's segment_semantic row (safetensors
    // orders tensors by alignment, then name).
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&shard, &bytes).unwrap();
    let names = record_names(&out, 0);
    let expect_corrupt = |e: DataError| match pack_error(e) {
        Some(PackError::Corrupt {
            shard: s, sample, ..
        }) => {
            assert_eq!(s, shard);
            assert_eq!(sample.as_ref(), names.last());
        }
        other => panic!("expected a checksum error, got {other:?}"),
    };
    expect_corrupt(Pack::open(&out).unwrap_err());
    // Lazily: the pack opens, and the first read of that shard fails.
    let lazy = Dataset::from_pack(Pack::open_with(&out, Verify::Lazy).unwrap());
    let loader = Loader::new(
        &lazy,
        Split::Train,
        all_tasks(),
        loader_config(SIDE).with_shuffle(false),
    )
    .unwrap();
    let error = loader
        .host_epoch(0)
        .find_map(Result::err)
        .expect("reading the altered shard fails");
    let message = error.to_string();
    assert!(
        message.contains("shard-00000.safetensors") && message.contains(names.last().unwrap()),
        "{message}"
    );
    expect_corrupt(error);
}

#[test]
fn a_pack_of_another_manifest_or_side_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = packed(dir.path());
    let manifest_path = dir.path().join("synthetic/manifest.json");
    let pngs = Dataset::open(&manifest_path).unwrap();
    // Another side into the same folder.
    let err = pack(&pngs, &out, &pack_config(16), |_, _| {}).unwrap_err();
    assert!(
        matches!(
            &err,
            DataError::Pack(p) if matches!(**p, PackError::OtherSize { found: 32, wanted: 16, .. })
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("pack again with --size 16"),
        "{err}"
    );
    // Another manifest into the same folder.
    let mut other = pngs.manifest().clone();
    other.description = "another dataset".to_string();
    let other = Dataset::new(other, pngs.root());
    let err = pack(&other, &out, &pack_config(SIDE), |_, _| {}).unwrap_err();
    assert!(
        matches!(&err, DataError::Pack(p) if matches!(**p, PackError::OtherManifest { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("built from manifest"), "{err}");
    let opened = Pack::open(&out).unwrap();
    assert!(opened.require_manifest(other.manifest()).is_err());
    assert!(opened.require_manifest(pngs.manifest()).is_ok());
    // A loader asking for another side, or a task the pack lacks.
    let dataset = Dataset::from_pack(opened);
    let err = Loader::new(&dataset, Split::Train, all_tasks(), loader_config(16))
        .err()
        .expect("another side is refused");
    assert!(
        err.to_string().contains("holds 32x32 images, but 16x16"),
        "{err}"
    );
    let small = dir.path().join("small");
    pack(
        &pngs,
        &small,
        &PackConfig {
            tasks: TaskSet::from_letters("s").unwrap(),
            ..pack_config(SIDE)
        },
        |_, _| {},
    )
    .unwrap();
    let err = Loader::new(
        &Dataset::open(&small).unwrap(),
        Split::Train,
        TaskSet::from_letters("n").unwrap(),
        loader_config(SIDE),
    )
    .err()
    .expect("a missing domain is refused");
    assert!(err.to_string().contains("has no depth_zbuffer"), "{err}");
}

#[test]
fn an_interrupted_pack_resumes_and_ends_identical() {
    let dir = tempfile::tempdir().unwrap();
    let out = packed(dir.path());
    let complete = files(&out);
    let pngs = Dataset::open(dir.path().join("synthetic")).unwrap();
    // Killed after two shards: the plan is there, the index and shard 2 not,
    // and the atomic write of shard 2 left its temporary file.
    let index: taskgroup::data::pack::PackIndex =
        serde_json::from_slice(&std::fs::read(out.join(INDEX_FILE)).unwrap()).unwrap();
    std::fs::write(
        out.join(PLAN_FILE),
        serde_json::to_string(&index.plan).unwrap(),
    )
    .unwrap();
    std::fs::remove_file(out.join(INDEX_FILE)).unwrap();
    std::fs::remove_file(out.join("shard-00002.safetensors")).unwrap();
    std::fs::write(out.join(".tmp-abc123"), b"half a shard").unwrap();
    let report = pack(&pngs, &out, &pack_config(SIDE), |_, _| {}).unwrap();
    assert_eq!((report.built, report.stale_removed), (1, 1));
    assert_eq!(files(&out), complete);
    // A complete pack that lost a shard rebuilds only that one.
    std::fs::remove_file(out.join("shard-00000.safetensors")).unwrap();
    let report = pack(&pngs, &out, &pack_config(SIDE), |_, _| {}).unwrap();
    assert_eq!(report.built, 1);
    assert_eq!(files(&out), complete);
    // A complete pack: nothing to do.
    assert_eq!(
        pack(&pngs, &out, &pack_config(SIDE), |_, _| {})
            .unwrap()
            .built,
        0
    );
}

#[test]
fn skip_bad_drops_bad_samples_and_counts_them_per_reason() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = synthetic(dir.path());
    let root = manifest.parent().unwrap().to_path_buf();
    let pngs = Dataset::open(&manifest).unwrap();
    let building = pngs.manifest().buildings[0].name.clone();
    let file = |domain: &str, point: u32| {
        root.join(domain)
            .join(&building)
            .join(format!("point_{point}_view_0_domain_{domain}.png"))
    };
    let corrupt = file("rgb", 0);
    std::fs::write(&corrupt, b"not a png at all").unwrap();
    let truncated = file("normal", 1);
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let err = pack(
        &pngs,
        &dir.path().join("strict"),
        &pack_config(SIDE),
        |_, _| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().contains(&*corrupt.to_string_lossy()),
        "{err}"
    );
    let config = PackConfig {
        skip_bad: true,
        ..pack_config(SIDE)
    };
    let out = dir.path().join("pack");
    let report = pack(&pngs, &out, &config, |_, _| {}).unwrap();
    assert_eq!(report.samples, 10);
    assert_eq!(report.skipped.count(Reason::CorruptPng), 1);
    assert_eq!(report.skipped.count(Reason::TruncatedPng), 1);
    assert_eq!(report.skipped.total(), 2);
    let pack = Pack::open(&out).unwrap();
    assert_eq!(pack.len(), 10);
    assert_eq!(pack.index().skipped, report.skipped);
}

#[test]
fn the_cli_packs_with_a_progress_bar_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = synthetic(dir.path());
    let out = dir.path().join("pack");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
            .args(["data", "pack", "--manifest"])
            .arg(&manifest)
            .args([
                "--tasks",
                "sd",
                "--size",
                "32",
                "--shard-records",
                "4",
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        text.contains("12 samples in 3 shards (3 built now)"),
        "{text}"
    );
    let again = run();
    assert!(String::from_utf8_lossy(&again.stdout).contains("(0 built now)"));
    let pack = Pack::open(&out).unwrap();
    assert!(pack
        .require(TaskSet::from_letters("sd").unwrap(), 32)
        .is_ok());
}

#[cfg(feature = "torch")]
#[test]
fn a_study_trains_the_same_losses_from_a_pack_as_from_the_pngs() {
    use taskgroup::model::Arch;
    use taskgroup::study::{run, ProgressMode, Store, StudyConfig};
    use taskgroup::tasks::Task;
    let dir = tempfile::tempdir().unwrap();
    let manifest = synthetic(dir.path());
    let pngs = Dataset::open(&manifest).unwrap();
    let out = dir.path().join("pack");
    let sd = TaskSet::from_letters("sd").unwrap();
    pack(
        &pngs,
        &out,
        &PackConfig {
            tasks: sd,
            ..pack_config(SIDE / 2)
        },
        |_, _| {},
    )
    .unwrap();
    let config = |data: PathBuf| {
        let mut c = StudyConfig {
            data,
            tasks: vec![Task::SegmentSemantic, Task::DepthZbuffer],
            arch: Arch::Tiny,
            ..StudyConfig::default()
        };
        // The loader resizes (the demo's study does too: 128 to 64).
        c.train.size = SIDE / 2;
        c.train.batch_size = 2;
        c.train.max_epochs = 1;
        c.train.device = taskgroup::device::DeviceChoice::Cpu;
        c.check().unwrap()
    };
    let (a, b) = (dir.path().join("from-pngs"), dir.path().join("from-pack"));
    let from_pngs = run(&a, &config(manifest), ProgressMode::Silent).unwrap();
    let from_pack = run(&b, &config(out), ProgressMode::Silent).unwrap();
    assert_eq!(
        from_pngs.trained.len(),
        5,
        "s, d, sd and the half-size singles"
    );
    assert_eq!(from_pngs.trained, from_pack.trained);
    let (a, b) = (
        Store::open(&a).unwrap().loss_frame().unwrap(),
        Store::open(&b).unwrap().loss_frame().unwrap(),
    );
    assert!(a.height() > 0);
    assert!(a.equals(&b), "losses differ:\n{a}\n{b}");
}

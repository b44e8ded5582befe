//! A real single-node Slurm cluster for the tests: munged, slurmctld and
//! slurmd from Debian's packages (`scripts/install-slurm.sh` installs them),
//! started in a temporary folder with their own config, ports and munge key,
//! and stopped by the PIDs they wrote when the [`Cluster`] is dropped.
//! [`Cluster::start`] gives the reason it cannot run (not root, Slurm not
//! installed) so the tests can skip with it printed.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The daemons, and the folder that holds their config, state and logs.
pub struct Cluster {
    dir: tempfile::TempDir,
    conf: PathBuf,
}

const PROGRAMS: [&str; 8] = [
    "munged",
    "slurmctld",
    "slurmd",
    "sbatch",
    "squeue",
    "scancel",
    "sinfo",
    "scontrol",
];

/// `program` on PATH or in the sbin folders (root's daemons live there).
fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn host_short() -> String {
    let out = Command::new("hostname").arg("-s").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn wait_for(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Cluster {
    /// Starts the cluster, or says why it cannot here.
    pub fn start() -> Result<Cluster, String> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return Err("not root (slurmd must run as root)".into());
        }
        let missing: Vec<&str> = PROGRAMS
            .iter()
            .copied()
            .filter(|p| find(p).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "Slurm is not installed (missing {}; scripts/install-slurm.sh installs it)",
                missing.join(", ")
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        chmod(d, 0o755);
        let (key_dir, run_dir) = (d.join("munge-key"), d.join("munge-run"));
        for sub in [&key_dir, &run_dir, &d.join("state"), &d.join("spool")] {
            std::fs::create_dir(sub).unwrap();
        }
        chmod(&key_dir, 0o700);
        chmod(&run_dir, 0o755);
        let key = key_dir.join("munge.key");
        let mut bytes = vec![0u8; 1024];
        use std::io::Read;
        std::fs::File::open("/dev/urandom")
            .unwrap()
            .read_exact(&mut bytes)
            .unwrap();
        std::fs::write(&key, &bytes).unwrap();
        chmod(&key, 0o400);
        let socket = run_dir.join("munge.socket.2");
        let status = Command::new(find("munged").unwrap())
            .arg(format!("--key-file={}", key.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", d.join("munged.pid").display()))
            .arg(format!("--log-file={}", d.join("munged.log").display()))
            .arg(format!(
                "--seed-file={}",
                key_dir.join("munged.seed").display()
            ))
            .status()
            .unwrap();
        assert!(
            status.success(),
            "munged did not start: {}",
            read(d, "munged.log")
        );
        let host = host_short();
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
        let conf = d.join("slurm.conf");
        let p = |name: &str| d.join(name).display().to_string();
        let text = format!(
            "ClusterName=taskgroup-test\n\
             SlurmctldHost={host}(127.0.0.1)\n\
             SlurmUser=root\nSlurmdUser=root\n\
             SlurmctldPort={ctld}\nSlurmdPort={slurmd}\n\
             AuthType=auth/munge\nCredType=cred/munge\n\
             AuthInfo=socket={socket}\n\
             StateSaveLocation={state}\nSlurmdSpoolDir={spool}\n\
             SlurmctldPidFile={ctld_pid}\nSlurmdPidFile={slurmd_pid}\n\
             SlurmctldLogFile={ctld_log}\nSlurmdLogFile={slurmd_log}\n\
             ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n\
             JobAcctGatherType=jobacct_gather/none\n\
             AccountingStorageType=accounting_storage/none\n\
             JobCompType=jobcomp/filetxt\nJobCompLoc={jobcomp}\n\
             SlurmdParameters=config_overrides\nMailProg=/bin/true\n\
             ReturnToService=2\nSelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n\
             NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} State=UNKNOWN\n\
             PartitionName=debug Nodes={host} Default=YES MaxTime=INFINITE State=UP\n",
            ctld = free_port(),
            slurmd = free_port(),
            socket = socket.display(),
            state = p("state"),
            spool = p("spool"),
            ctld_pid = p("slurmctld.pid"),
            slurmd_pid = p("slurmd.pid"),
            ctld_log = p("slurmctld.log"),
            slurmd_log = p("slurmd.log"),
            jobcomp = p("jobcomp.txt"),
        );
        std::fs::write(&conf, text).unwrap();
        let cluster = Cluster { dir, conf };
        for daemon in ["slurmctld", "slurmd"] {
            let status = Command::new(find(daemon).unwrap())
                .arg("-f")
                .arg(&cluster.conf)
                .status()
                .unwrap();
            assert!(
                status.success(),
                "{daemon} did not start: {}",
                read(cluster.dir(), &format!("{daemon}.log"))
            );
        }
        wait_for("the node to be idle", Duration::from_secs(30), || {
            cluster.output(&["sinfo", "-h", "-o", "%T"]).trim() == "idle"
        });
        // The first job after start-up waits a few seconds: a probe absorbs it.
        let chdir = format!("--chdir={}", cluster.dir().display());
        let probe = cluster.output(&[
            "sbatch",
            "--parsable",
            &chdir,
            "--output=/dev/null",
            "--wrap",
            "true",
        ]);
        assert!(!probe.trim().is_empty());
        cluster.wait_idle(Duration::from_secs(60));
        Ok(cluster)
    }

    /// The cluster's folder (config, logs, the finished-jobs log).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A command that talks to this cluster (`SLURM_CONF` set).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("SLURM_CONF", &self.conf);
        cmd
    }

    /// Runs a Slurm client command; its stdout (panics on failure).
    pub fn output(&self, args: &[&str]) -> String {
        let out = self.command(args[0]).args(&args[1..]).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The jobs in the queue, one `id state` line per array task.
    pub fn queue(&self) -> String {
        self.output(&["squeue", "-h", "-r", "-o", "%i %T"])
    }

    /// Waits until no job is queued or running.
    pub fn wait_idle(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let queue = self.queue();
            if queue.trim().is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "jobs still queued after {timeout:?}:\n{queue}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The finished-jobs log (`jobcomp/filetxt`: one line per job with its state).
    pub fn finished_jobs(&self) -> String {
        read(self.dir(), "jobcomp.txt")
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

impl Drop for Cluster {
    /// Stops the daemons by the PIDs they wrote (never by name), slurmd first.
    fn drop(&mut self) {
        for name in ["slurmd.pid", "slurmctld.pid", "munged.pid"] {
            let Ok(pid) = read(self.dir(), name).trim().parse::<i32>() else {
                continue;
            };
            // SAFETY: signals to the daemons this cluster started.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(10);
            while alive(pid) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            if alive(pid) {
                // SAFETY: as above; a daemon that ignored SIGTERM.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
    }
}

/// Whether `pid` runs (a zombie that nobody reaped has ended).
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(") ")
            .next()
            .is_some_and(|rest| !rest.starts_with('Z'))
    })
}

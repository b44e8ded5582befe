#!/usr/bin/env bash
# Installs a single-node Slurm (Debian's slurmctld, slurmd, slurm-client and
# munge) for the test suite's cluster tests, which start and stop the daemons
# themselves (tests/study_slurm.rs). Needs root and apt-get; without them it
# says so and exits 0, and those tests are skipped with the same reason.
# Nothing is started here: a temporary /usr/sbin/policy-rc.d (only if none
# exists; removed afterwards) keeps the packages from starting services.
set -euo pipefail
need="slurmctld slurmd sbatch squeue scancel munged"
missing=""
for program in $need; do
    command -v "$program" >/dev/null 2>&1 || missing="$missing $program"
done
if [ -z "$missing" ]; then
    echo "slurm: installed (slurm-client $(dpkg-query -W -f '${Version}' slurm-client 2>/dev/null || echo "not from apt"))"
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "slurm: not installed (missing:$missing) and this is not root with apt-get: the Slurm tests will be skipped"
    exit 0
fi
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
packages="slurmctld slurmd slurm-client munge"
echo "slurm: installing $packages (Debian packages, --no-install-recommends; about 15 s)"
if ! apt-get install -y -qq --no-install-recommends $packages >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
echo "slurm: installed (slurm-client $(dpkg-query -W -f '${Version}' slurm-client 2>/dev/null || echo "not from apt"))"

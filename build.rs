//! Embeds the location of libtorch (found by torch-sys) as an rpath in every
//! binary, test and bench of this package, so none of them needs
//! LD_LIBRARY_PATH, and records it for `device::load_cuda_backend`.
//! torch-sys publishes the directory as `DEP_TCH_LIBTORCH_LIB` (its
//! `links = "tch"` metadata) to the packages that depend on it directly.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(lib) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
        println!("cargo:rustc-env=TASKGROUP_LIBTORCH_LIB={lib}");
    }
}

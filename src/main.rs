fn main() -> std::process::ExitCode {
    taizhang::cli::run()
}

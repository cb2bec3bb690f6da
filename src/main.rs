fn main() -> std::process::ExitCode {
    budgetbook::cli::run()
}

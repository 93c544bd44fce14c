//! Command-line behaviour: help, version and usage errors, as trycmd case
//! files under `tests/cmd/` (regenerate with `TRYCMD=overwrite`).

#[test]
fn command_line_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

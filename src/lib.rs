//! llmcfg-doctor: diagnose the LLM Config Manager against its performance
//! runbook.
//!
//! The doctor's data flow: a [`plan::Plan`] says where the service lives;
//! [`sources`] collect [`diagnosis::evidence::Evidence`] concurrently under
//! one deadline; [`diagnosis::judge`] judges it against the
//! [`diagnosis::runbook::Runbook`] (the checks, then the causes they point
//! at); [`diagnosis::render`] prints the [`diagnosis::report::Report`].
//! [`doctor`] runs that flow for one target, [`fleet`] for every replica of
//! one; [`cli`] is the command line around them.
//!
//! Everything that judges is in the `diagnosis` crate and does no I/O;
//! this crate is what collects, decides where to look and talks to the
//! operator. What the doctor and the server agree on is the `contract`
//! crate.

pub mod cli;
pub mod doctor;
pub mod fleet;
pub mod plan;
pub mod sources;

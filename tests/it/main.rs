mod check;
mod ci;
mod cli;
mod cli_reference;
mod docs;
mod report;
mod rules;

mod check;
mod ci;
mod cli;
mod docs;
mod report;
mod rules;

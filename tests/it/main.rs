mod report;
mod rules;

mod docs;
mod report;
mod rules;

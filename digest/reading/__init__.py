"""Reading the seeds folder: files found, bytes decoded, formats parsed into Articles."""

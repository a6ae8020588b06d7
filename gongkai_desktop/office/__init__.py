"""The review office (市府办政务公开办): import submissions, review them item by item, decide,
send results back, track progress against the deadlines and aggregate the county catalog."""

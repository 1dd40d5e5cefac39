-- Where each poller stopped: the newest change it has seen, so a restart resumes there and a cycle
-- reads only what changed since. Also what the last cycle did, for operators.
CREATE TABLE poll_watermark (
    poller        VARCHAR(64)   NOT NULL PRIMARY KEY,
    watermark     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_run_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_result   VARCHAR(1000)
);

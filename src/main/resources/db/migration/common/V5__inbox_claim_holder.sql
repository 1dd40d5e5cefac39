-- Which instance holds a claimed event (its Quartz instance id, see io.dealsign.cluster): an instance
-- records an event's outcome only while the claim is still its own, so one whose lease ran out (a long
-- pause) cannot overwrite what the instance that took the event over has recorded.
ALTER TABLE inbox_event ADD COLUMN locked_by VARCHAR(200);

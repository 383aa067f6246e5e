-- view: timeline
-- description: Every dated record in one chronology: engagements, agreements, UN roll calls and events, with the kind of record, its type and title.
CREATE VIEW timeline AS
SELECT start_date AS "date", date_precision, 'engagement' AS kind, engagement_id AS record_id,
       engagement_type AS category, title, summary
FROM engagements
UNION ALL
SELECT signed_date, date_precision, 'agreement', agreement_id, agreement_type, title, summary
FROM agreements
UNION ALL
SELECT "date", 'day', 'roll_call', roll_call_id, body || ' ' || topic, title,
       'Pakistan: ' || coalesce(pakistan_vote, 'unknown') || '; ' ||
       CASE russia_country WHEN 'SUN' THEN 'USSR' ELSE 'Russia' END || ': ' ||
       coalesce(russia_vote, 'unknown') || '; outcome: ' || outcome
FROM roll_call_votes
UNION ALL
SELECT event_date, date_precision, 'event', event_id, event_type, title, summary
FROM events
ORDER BY "date", kind, record_id;

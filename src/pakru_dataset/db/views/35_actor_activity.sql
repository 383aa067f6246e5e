-- view: actor_activity
-- description: Per person or organisation: engagements taken part in, agreements signed or joined, and the first and last dates they appear.
CREATE VIEW actor_activity AS
WITH seen AS (
    SELECT p.actor_id, e.start_date AS "date", 'engagement' AS kind
    FROM engagement_participants p JOIN engagements e USING (engagement_id)
    UNION ALL
    SELECT p.actor_id, g.signed_date, 'agreement'
    FROM agreement_parties p JOIN agreements g USING (agreement_id)
)
SELECT a.actor_id, a.name, a.actor_type, a.country,
       count(*) FILTER (WHERE s.kind = 'engagement') AS engagements,
       count(*) FILTER (WHERE s.kind = 'agreement') AS agreements,
       min(s."date") AS first_date, max(s."date") AS last_date
FROM actors a
JOIN seen s USING (actor_id)
GROUP BY ALL
ORDER BY engagements DESC, agreements DESC, a.actor_id;

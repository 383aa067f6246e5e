-- view: vote_agreement_by_year
-- description: Per year and UN body, the roll calls in the dataset, how many both countries voted in, and the share in which they voted the same way.
CREATE VIEW vote_agreement_by_year AS
SELECT year, body, count(*) AS roll_calls,
       count(*) FILTER (WHERE both_voted) AS both_voted,
       count(*) FILTER (WHERE same_vote) AS same_vote,
       round(count(*) FILTER (WHERE same_vote) / nullif(count(*) FILTER (WHERE both_voted), 0), 3)
           AS agreement_share
FROM roll_call_votes
GROUP BY ALL
ORDER BY year, body;

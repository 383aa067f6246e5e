-- view: agreement_chains
-- description: Each agreement with the chain of instruments it amends back to the original, as IDs joined by ' > ' (newest first), and the chain's length.
CREATE VIEW agreement_chains AS
WITH RECURSIVE chain(agreement_id, current_id, path, depth) AS (
    SELECT agreement_id, amends_agreement_id, agreement_id, 0
    FROM agreements
    UNION ALL
    SELECT c.agreement_id, a.amends_agreement_id, c.path || ' > ' || a.agreement_id, c.depth + 1
    FROM chain c
    JOIN agreements a ON a.agreement_id = c.current_id
    WHERE c.depth < 50
)
SELECT g.agreement_id, g.title, g.signed_date, g.status, c.path AS chain,
       c.depth AS amendments_back,
       split_part(c.path, ' > ', c.depth + 1) AS original_agreement_id
FROM chain c
JOIN agreements g USING (agreement_id)
WHERE c.current_id IS NULL
ORDER BY g.agreement_id;

-- view: engagements_by_year_level
-- description: Number of engagements per year and level (head of state, minister, military chief…).
CREATE VIEW engagements_by_year_level AS
SELECT year(start_date) AS year, level, count(*) AS engagements
FROM engagements
GROUP BY ALL
ORDER BY year, level;

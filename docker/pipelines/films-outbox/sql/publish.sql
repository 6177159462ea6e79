-- CALL films.insert_into_outbox(<film_id>) for the ten films of the seeds' example table (digest §3.5)
INSERT INTO films.outbox (aggregatetype, aggregateid, type, payload)
SELECT 'film', id::text, 'FilmChanged', films.film_event(id)
FROM unnest(ARRAY[389, 581, 598, 943, 490, 243, 40, 317, 17, 195]) AS id;

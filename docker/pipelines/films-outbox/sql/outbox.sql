-- The outbox table in Debezium's layout (what io.debezium.transforms.outbox.EventRouter reads): one row per event,
-- routed by aggregatetype to topic outbox.event.<aggregatetype>, keyed by aggregateid, the payload as the value.
-- The seeds' films.outbox (digest §3.5) holds whole film rows instead; their procedure's SELECT fills the payload
-- below. Idempotent.
CREATE SCHEMA IF NOT EXISTS films;
CREATE TABLE IF NOT EXISTS films.outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  aggregatetype varchar(255) NOT NULL,
  aggregateid varchar(255) NOT NULL,
  type varchar(255) NOT NULL,
  payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- films.film_event(film_id): the seeds' films.insert_into_outbox as a function returning the event's payload
-- (numbers that may carry decimals travel as text, so every event has the same schema)
CREATE OR REPLACE FUNCTION films.film_event(filmid integer) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'film_id', f.film_id,
    'title', initcap(f.title),
    'release_year', f.release_year::int,
    'film_language', trim(BOTH FROM l.name),
    'rating', f.rating::text,
    'categories', (SELECT array(SELECT c.name FROM public.film_category fc JOIN public.category c ON fc.category_id = c.category_id WHERE fc.film_id = f.film_id)::text),
    'actors', (SELECT array(SELECT initcap(concat(a.first_name, ' ', a.last_name)) FROM public.film_actor fa JOIN public.actor a ON fa.actor_id = a.actor_id WHERE fa.film_id = f.film_id)::text),
    'rental_duration', f.rental_duration::int,
    'length_minutes', f.length::int,
    'replacement_cost', f.replacement_cost::text,
    'rental_rate', f.rental_rate::text)
  FROM public.film f JOIN public.language l ON f.language_id = l.language_id
  WHERE f.film_id = filmid
$$;

-- The seeds' changes (digest §5 scenarios 6 and 9): the update that compares the two CDC methods, and a new country
-- and city with an address moved there (the seed's "SET phone = city_id = 601" repaired to "SET city_id = …").
-- Re-runnable: Wakanda and Birnin Zana are inserted only once; the updates fire the triggers again.
UPDATE public.address SET address2 = 'Apartment #1234' WHERE address_id = 105;

INSERT INTO public.country (country)
SELECT 'Wakanda' WHERE NOT EXISTS (SELECT 1 FROM public.country WHERE country = 'Wakanda');

INSERT INTO public.city (city, country_id)
SELECT 'Birnin Zana', country_id FROM public.country
WHERE country = 'Wakanda' AND NOT EXISTS (SELECT 1 FROM public.city WHERE city = 'Birnin Zana');

UPDATE public.address SET city_id = (SELECT min(city_id) FROM public.city WHERE city = 'Birnin Zana') WHERE address_id = 102;

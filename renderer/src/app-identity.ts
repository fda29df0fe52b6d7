/** The product's name as people see it; the version comes from the engine so both shells report the same one. */
export const APP_NAME = 'High Needs Tariff Modeller';

// The writers validate and filter through the same functions as the pipeline.
export { dropNotApplicable, validateDocument } from "../validate.js";

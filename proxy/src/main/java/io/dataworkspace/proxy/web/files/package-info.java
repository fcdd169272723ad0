/**
 * The file browser of a user's S3 home folder {@code user/<id>/} on the root host: the page ({@code /files},
 * {@code static/files.js}) and its small JSON calls under {@code /files/api/}. File contents never pass through the
 * proxy: the server lists, creates folder markers, deletes and signs URLs ({@link FileStore}); the browser PUTs and
 * GETs the bytes directly to and from S3 with those presigned URLs (single PUT, or multipart parts).
 * {@link HomeKeys} keeps every key a caller names inside their own home.
 */
package io.dataworkspace.proxy.web.files;

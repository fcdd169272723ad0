/**
 * The data stack: the customer-managed KMS key, Aurora PostgreSQL Serverless v2 and the S3 bucket for home folders
 * and datasets, both encrypted with that key and protected from deletion.
 */
package io.dataworkspace.deploy.aws.data;

-- Reserved for the issue that owns it; replaced by its schema before it lands.
SELECT 1;

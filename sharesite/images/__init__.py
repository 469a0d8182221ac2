"""Photos: every raster image is published only as processed copies (resized, upright,
sRGB, with no metadata), never as the file a teacher added; and the rules that keep photos
of pupils safe to publish. The stage between content and site."""

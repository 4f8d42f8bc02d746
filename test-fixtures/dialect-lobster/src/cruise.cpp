#include "cruise.h"

int set_speed(int requested)
{
  // lobster-trace: CC-001@2, limits.max_speed limits.min_speed
  return clamp(requested, 30, 180);
}

void cancel()
{
  // lobster-trace: CC-002@1
  state = OFF;
}

void log_state()
{
  // lobster-exclude: diagnostics only, not a requirement
  const char *s = "lobster-trace: limits.in_a_string";
}

void resume()
{
  // lobster-trace: cruise_req.Resume_After_Cancel
}

int set_speed_legacy(int requested)
{
  // lobster-trace: CC-001@1
  return requested;
}

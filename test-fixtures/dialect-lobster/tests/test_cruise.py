import unittest


class CruiseTest(unittest.TestCase):
    def test_set_speed(self):
        # lobster-trace: CC-001@2
        # lobster-trace: limits.max_speed
        self.assertTrue(True)

    def test_helper(self):
        # lobster-exclude: test utility
        pass

"""stod – data, uppföljning och ansökan för stödplattformar för sociala företag."""

__version__ = "0.1.0"

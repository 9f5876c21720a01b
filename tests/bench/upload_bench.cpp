// Being written.
int main() { return 0; }

namespace Commitments.Tests.ScaleData;

/// <summary>The <c>scale-data</c> command's arguments for accounts, checked before any database is touched.</summary>
public sealed class ScaleDataCommandLineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "commitments-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public ScaleDataCommandLineTests() => Directory.CreateDirectory(_directory);

    private string File => Path.Combine(_directory, "scale.db");

    private Task<int> RunAsync(params string[] args) =>
        Tools.Program.RunAsync(["scale-data", "--connection", $"Data Source={File}", .. args], _output, _error);

    [Fact]
    public async Task Accounts_without_a_password_stop_with_exit_code_1_and_say_what_is_missing()
    {
        Assert.Equal(1, await RunAsync("--accounts"));

        Assert.Contains("--accounts needs --password <password>", _error.ToString(), StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public async Task A_password_without_accounts_stops_with_exit_code_1()
    {
        Assert.Equal(1, await RunAsync("--password", "Schaal-wachtwoord-2020"));

        Assert.Contains("--password is only used with --accounts", _error.ToString(), StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public async Task An_empty_password_is_refused_without_being_shown()
    {
        Assert.Equal(1, await RunAsync("--accounts", "--password", ""));

        Assert.Contains("Cannot use '--password' (hidden).", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authenticator_key_that_is_not_base32_is_refused_without_being_shown()
    {
        Assert.Equal(1, await RunAsync("--accounts", "--password", "Schaal-wachtwoord-2020", "--totp-key", "geheim-0189"));

        Assert.Contains("Cannot use '--totp-key' (hidden).", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("geheim", _error.ToString(), StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public async Task An_authenticator_key_without_accounts_stops_with_exit_code_1()
    {
        Assert.Equal(1, await RunAsync("--totp-key", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));

        Assert.Contains("--totp-key is only used with --accounts", _error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

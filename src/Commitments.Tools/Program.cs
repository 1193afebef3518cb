using Commitments.Core.Persistence;
using System.Diagnostics;
using System.Globalization;
using Commitments.Tools.ScaleData;
using Npgsql;

namespace Commitments.Tools;

/// <summary>
/// Command-line tools for working with a Techniekpact database.
/// <code>
/// dotnet run --project src/Commitments.Tools -c Release -- scale-data [--scale 1|10] [--provider Sqlite|Postgres] [--connection "..."] [--accounts --password ...]
/// </code>
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage:
          Commitments.Tools scale-data [--scale N] [--provider Sqlite|Postgres] [--connection "<connection string>"]
                                       [--accounts --password <password> [--totp-key <base32 key>]]

        scale-data  Fills an empty database with a deterministic national dataset:
                    scale 1 = 2,000 organisations and 20,000 commitments, scale 10 = ten times that.
                    Default: SQLite, file data/scale-<N>x.db under the current directory.
                    PostgreSQL needs --connection; the database is created if it does not exist.
                    --accounts --password <password> also creates accounts that sign in with that password:
                      admin@schaal.test (administrator), ministerie@schaal.test (ministry),
                      trekker.<region code>@schaal.test (regional lead: noord, oost, zuid, noordwest, zuidwest),
                      partner.<organisation id>@schaal.test (partner, one per organisation).
                    --totp-key <base32 key> gives admin@ and ministerie@ (which must use two-step verification)
                      that authenticator key, so a load tool can compute their codes (RFC 6238, 30 s, 6 digits).
                    Exit codes: 0 done, 1 wrong arguments, 2 refused (the database is not empty), 3 cancelled.
        """;

    private static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>The whole program, with its output streams passed in so that tests can read them.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        if (args[0] != "scale-data")
        {
            error.WriteLine($"Unknown command '{args[0]}'.");
            error.WriteLine(Usage);
            return 1;
        }

        var scale = 1;
        var engine = DatabaseProvider.Sqlite;
        string? connection = null;
        var accounts = false;
        string? password = null;
        string? totpKey = null;
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--accounts")
            {
                accounts = true;
                continue;
            }
            var value = i + 1 < args.Length ? args[++i] : null;
            var understood = name switch
            {
                "--scale" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out scale) && scale >= 1,
                "--provider" => Enum.TryParse(value, ignoreCase: true, out engine) && Enum.IsDefined(engine),
                "--connection" => !string.IsNullOrWhiteSpace(connection = value),
                "--password" => !string.IsNullOrEmpty(password = value),
                "--totp-key" => (totpKey = value) != null && ScaleDataOptions.IsBase32Key(totpKey),
                _ => false,
            };
            if (!understood)
            {
                // Never echo a password, not even a rejected one.
                var shown = value == null ? "" : name is "--password" or "--totp-key" ? " (hidden)" : $" '{value}'";
                error.WriteLine($"Cannot use '{name}'{shown}.");
                error.WriteLine(Usage);
                return 1;
            }
        }
        if (accounts && password == null)
        {
            error.WriteLine("--accounts needs --password <password>: every generated account signs in with that password.");
            return 1;
        }
        if (!accounts && totpKey != null)
        {
            error.WriteLine("--totp-key is only used with --accounts.");
            return 1;
        }
        if (!accounts && password != null)
        {
            error.WriteLine("--password is only used with --accounts; add --accounts to create the accounts.");
            return 1;
        }

        string? file = null;
        if (connection == null)
        {
            if (engine == DatabaseProvider.Postgres)
            {
                error.WriteLine("--provider Postgres needs --connection \"Host=…;Database=…;Username=…;Password=…\".");
                return 1;
            }
            file = Path.GetFullPath(Path.Combine("data", $"scale-{scale}x.db"));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            connection = $"Data Source={file}";
        }

        var options = new ScaleDataOptions { Scale = scale, AccountPassword = password, AuthenticatorKey = totpKey };
        output.WriteLine($"Scale data, scale {scale}: {options.OrganizationCount:N0} organisations, {options.CommitmentCount:N0} commitments" +
                         (accounts ? ", accounts for every role" : ""));
        output.WriteLine($"Database: {engine}, {Describe(engine, connection)}");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        ScaleDataResult result;
        try
        {
            result = await ScaleDataGenerator.GenerateAsync(engine, connection, options, output, cancel.Token);
        }
        catch (ScaleDataRefusedException refused)
        {
            error.WriteLine("Refused: " + refused.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("Cancelled; the transaction was rolled back.");
            return 3;
        }

        output.WriteLine();
        output.WriteLine($"{"Table",-24}{"Rows",14}");
        foreach (var table in result.Tables)
        {
            output.WriteLine($"{table.Table,-24}{table.Rows,14:N0}");
        }
        output.WriteLine($"{"Total",-24}{result.TotalRows,14:N0}");
        output.WriteLine($"Elapsed: {result.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MiB");
        if (accounts)
        {
            output.WriteLine($"Accounts: {ScaleAccounts.AdministratorEmail}, {ScaleAccounts.MinistryEmail}, " +
                             $"{ScaleAccounts.RegionalLeadEmail("<region code>")}, {ScaleAccounts.PartnerEmail(1)} … " +
                             $"{ScaleAccounts.PartnerEmail(options.OrganizationCount)}; password as given");
        }
        if (file != null)
        {
            output.WriteLine($"File: {file} ({new FileInfo(file).Length / (1024.0 * 1024):0.0} MiB)");
        }
        return 0;
    }

    /// <summary>The connection without its password, for the console.</summary>
    private static string Describe(DatabaseProvider engine, string connection)
    {
        if (engine == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(connection) { Password = null };
            return builder.ConnectionString;
        }
        return connection;
    }
}

using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Commitments.Web.Privacy;

/// <summary>
/// Configuration section "DataProtection": the certificate that encrypts the data-protection keys
/// (which sign the sign-in cookies and reset links) where they are stored, in the database table
/// DataProtectionKeys. Whoever can read that table without the certificate learns nothing.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    public CertificateFile? Certificate { get; set; }

    /// <summary>Certificates used before a rotation: they still decrypt older keys, never encrypt new ones.</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];
}

/// <summary>A PKCS#12 (.pfx) file with its private key, and the file's password.</summary>
public sealed class CertificateFile
{
    public string? Path { get; set; }
    public string? Password { get; set; }
}

public static partial class KeyProtection
{
    /// <summary>
    /// Encrypts new keys with the configured certificate and decrypts with it and the previous ones.
    /// Without a certificate keys are stored readable, which only suits development and tests: a
    /// warning says so at start-up. Keys written before a certificate was configured stay readable
    /// (and usable) until they expire; new keys are encrypted.
    /// </summary>
    public static WebApplicationBuilder AddKeyProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        var dataProtection = builder.Services.AddDataProtection();
        if (string.IsNullOrWhiteSpace(options.Certificate?.Path))
        {
            builder.Services.AddHostedService(services => new UnprotectedKeysWarning(
                services.GetRequiredService<ILogger<UnprotectedKeysWarning>>(), builder.Environment.EnvironmentName));
            return builder;
        }
        var current = Load(options.Certificate, "DataProtection:Certificate");
        var previous = options.PreviousCertificates
            .Select((c, i) => Load(c, $"DataProtection:PreviousCertificates:{i}"))
            .ToArray();
        dataProtection
            .ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
        return builder;
    }

    private static X509Certificate2 Load(CertificateFile file, string setting)
    {
        if (string.IsNullOrWhiteSpace(file.Path) || !File.Exists(file.Path))
        {
            throw new InvalidOperationException($"{setting}:Path '{file.Path}' is not a readable certificate file (.pfx).");
        }
        X509Certificate2 certificate;
        try
        {
            // Ephemeral: the private key stays in this process, never written to a key store on disk.
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: the certificate '{file.Path}' cannot be opened (wrong password?): {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting}: the certificate '{file.Path}' has no private key; keys could be encrypted but never read back.");
        }
        return certificate;
    }

    private sealed partial class UnprotectedKeysWarning(ILogger<UnprotectedKeysWarning> logger, string environment) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogUnprotected(environment);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Data-protection keys are stored unencrypted ({Environment}): set DataProtection:Certificate:Path and :Password (docs/operations.md).")]
        private partial void LogUnprotected(string environment);
    }
}

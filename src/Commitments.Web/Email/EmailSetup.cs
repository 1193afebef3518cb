using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Email;

public static class EmailSetup
{
    /// <summary>
    /// Registers the outbox, the delivery job and the transport chosen by configuration section
    /// "Email". The host registers the recurring job (<see cref="OutboxDispatcher.RecurringJobId"/>).
    /// Needs the database registration (the DbContext and <see cref="Data.DataDirectory"/>).
    /// </summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddEmail(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<SmtpMailTransport>();
        services.AddScoped<PickupFolderMailTransport>();
        services.AddScoped<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpMailTransport>()
            : sp.GetRequiredService<PickupFolderMailTransport>());
        return services;
    }
}

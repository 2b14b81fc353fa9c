using Dashboard.Api;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>Templates, campaigns, reminders, the outbox dispatcher and unsubscribe links, with validated options.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.EffectiveReminderOffsets.All(d => d is >= 1 and <= 365), "Notifications:ReminderOffsetsDays must be whole days between 1 and 365.")
            .ValidateOnStart();
        services.AddOptions<MailOptions>()
            .Bind(builder.Configuration.GetSection(MailOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddDataProtection();
        services.AddNotificationServices();
        services.AddSingleton<MailTransportFactory>();
        services.AddScoped<TestEmailSender>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddHostedService<NotificationScheduler>();
        return builder;
    }

    /// <summary>
    /// The notification services without options binding, transports or background loops: what the app, tests and
    /// benchmarks share. Needs a <see cref="TimeProvider"/>, a DbContext factory, Data Protection and the options.
    /// </summary>
    public static IServiceCollection AddNotificationServices(this IServiceCollection services)
    {
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxMessageComposer>();
        services.AddSingleton<MailTransportStatus>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<NotificationTemplateSeeder>();
        services.AddScoped<CampaignAudience>();
        services.AddScoped<CampaignService>();
        services.AddScoped<ReminderPlanner>();
        services.AddScoped<NotificationQueries>();
        services.AddScoped<TemplateEditor>();
        return services;
    }

    /// <summary>Default templates are part of the product, so they are seeded in every environment when missing.</summary>
    public static async Task SeedNotificationTemplatesAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<NotificationTemplateSeeder>().SeedMissingAsync();
    }

    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app) =>
        app.MapUnsubscribeEndpoints().MapCampaignEndpoints();
}

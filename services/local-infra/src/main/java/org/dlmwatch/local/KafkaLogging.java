package org.dlmwatch.local;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-process broker quiet. Kafka's server code logs through slf4j (and log4j-api, routed to
 * slf4j by log4j-to-slf4j); at INFO it prints every config value and every state change. When the
 * slf4j backend is logback, the loggers below are set to WARN unless the application's logback
 * configuration already gave them a level.
 */
final class KafkaLogging {

    static final String[] BROKER_LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger"};

    private KafkaLogging() {
    }

    static void quietDefaults() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        try {
            if (factory instanceof ch.qos.logback.classic.LoggerContext) {
                ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) factory;
                for (String name : BROKER_LOGGERS) {
                    ch.qos.logback.classic.Logger logger = ctx.getLogger(name);
                    if (logger.getLevel() == null) {
                        logger.setLevel(ch.qos.logback.classic.Level.WARN);
                    }
                }
            }
        } catch (LinkageError e) {
            // logback is not on the classpath: leave logging to whatever backend is there
        }
    }
}
